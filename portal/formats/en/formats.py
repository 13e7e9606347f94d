# Date formats of the English site: British day-month order and the 24-hour clock, as used in
# Germany; what is not set here comes from Django's English locale.
DATE_FORMAT = "l, j F Y"  # Wednesday, 10 February 2027
DATETIME_FORMAT = "l, j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"  # 10 Feb 2027: no doubt about which number is the month
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
