#!/usr/bin/env python3
"""Writes src/BinHub/Resources/SharedResource{,.nl,.fr,.de}.resx from strings.tsv.

strings.tsv is the one place where user-visible text is edited: key, en, nl, fr, de (tab-separated).
The neutral .resx is English. A test fails when any key misses a language, so run this after editing.
"""
import csv, os, sys
from xml.sax.saxutils import escape

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "..", "src", "BinHub", "Resources")
rows = []
with open(os.path.join(here, "strings.tsv"), encoding="utf-8") as f:
    for n, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
        if not row or row[0].startswith("#"):
            continue
        if len(row) != 5 or any(not c.strip() for c in row):
            sys.exit(f"strings.tsv line {n}: expected key, en, nl, fr, de, all non-empty; got {row}")
        rows.append(row)
keys = [r[0] for r in rows]
dupes = {k for k in keys if keys.count(k) > 1}
if dupes:
    sys.exit(f"duplicate keys: {sorted(dupes)}")
head = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""
for col, suffix in ((1, ""), (2, ".nl"), (3, ".fr"), (4, ".de")):
    with open(os.path.join(out, f"SharedResource{suffix}.resx"), "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        for r in sorted(rows):
            f.write(f'  <data name="{escape(r[0])}" xml:space="preserve"><value>{escape(r[col])}</value></data>\n')
        f.write("</root>\n")
print(f"{len(rows)} strings written in 4 languages")
