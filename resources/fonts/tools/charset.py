"""Prints the characters the report fonts keep: ASCII, GB2312, CJK punctuation and full-width forms, the
extra characters of extra-chars.txt, and every character of the demo data and the report sources.

    /usr/bin/python3 resources/fonts/tools/charset.py <repository root>
"""
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
here = pathlib.Path(__file__).parent

chars = {chr(c) for c in range(0x20, 0x7F)}
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
chars |= {chr(c) for c in range(0x2010, 0x2028)}  # dashes, quotes, ellipsis

for line in (here / 'extra-chars.txt').read_text('utf-8').splitlines():
    if not line.startswith('#'):
        chars |= set(line)

SOURCES = [
    'resources/demo/*.json',
    'resources/policies/*.json',
    'electron/reports/**/*.ts',
    'electron/demo/*.ts',
    'shared/reports-daily.ts',
    'shared/ledger.ts',
    'shared/inpatient.ts',
    'shared/shift.ts',
    'shared/demo.ts',
]
for pattern in SOURCES:
    for path in sorted(root.glob(pattern)):
        chars |= set(path.read_text('utf-8'))

# Printable characters, the ASCII space and the ideographic space (U+3000, used to set Chinese text apart).
print(''.join(sorted(c for c in chars if (c.isprintable() and not c.isspace()) or c in ' \u3000')))
