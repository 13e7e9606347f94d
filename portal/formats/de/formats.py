# Date formats of the German site; what is not set here comes from Django's German locale.
# The weekday is part of the full date: people plan their visits to meetings by it.
DATE_FORMAT = "l, j. F Y"  # Mittwoch, 10. Februar 2027
DATETIME_FORMAT = "l, j. F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"  # 10.02.2027
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
