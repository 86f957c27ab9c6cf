# Lib/csv.py on _csv: Dialect classes, DictReader/DictWriter with restkey/restval/extrasaction, Sniffer basics, errors.
import csv
import io
class Semi(csv.Dialect):
    delimiter = ";"
    quotechar = "'"
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
csv.register_dialect("semi", Semi)
out = io.StringIO()
csv.writer(out, "semi").writerows([["a;b", "it's", 3], ["", None, 1.5]])
print(repr(out.getvalue()), list(csv.reader(io.StringIO(out.getvalue()), "semi")))
class Bad(csv.Dialect):
    delimiter = ";"
try:
    Bad()
except csv.Error as e:
    print("Error", e)
rows = list(csv.DictReader(io.StringIO("a,b\n1,2,3\n4\n"), restkey="rest", restval="-"))
print(rows)
buf = io.StringIO()
dw = csv.DictWriter(buf, ["x", "y"], restval="?", lineterminator="\n")
dw.writeheader()
dw.writerow({"x": 1})
try:
    dw.writerow({"x": 1, "z": 2})
except ValueError as e:
    print("ValueError", e)
print(repr(buf.getvalue()))
try:
    csv.DictWriter(buf, ["x"], extrasaction="bogus")
except ValueError as e:
    print("ValueError", e)
sn = csv.Sniffer()
d = sn.sniff("a|b|c\n1|2|3\n4|5|6\n")
print(d.delimiter, sn.has_header("name,age\nann,30\nbob,25\n"))
print(csv.excel.delimiter, csv.excel_tab.delimiter, repr(csv.unix_dialect.lineterminator), csv.unix_dialect.quoting)
print(sorted(csv.list_dialects()))
csv.unregister_dialect("semi")
try:
    csv.get_dialect("semi")
except csv.Error as e:
    print("Error", e)
print(list(csv.reader(io.StringIO('x,"y\r\nz"\r\n'), strict=True)), csv.field_size_limit())
