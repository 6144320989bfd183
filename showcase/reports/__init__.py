"""Reports with pictures: the dashboard's charts and the reports page, with their numbers as
tables and as an Excel workbook."""
