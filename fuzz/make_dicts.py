#!/usr/bin/env python3
"""Writes the libFuzzer dictionaries of fuzz/dict/ from the schemas and ledgerd's options:
JSON member names of the events and API structs, ledgerd's config keys, and the keywords of
the text formats (signed notes, key transitions, receipts). Run from the repository root
after a schema grows; the dictionaries are committed."""
import re

def fields(path):
    text = open(path).read()
    return sorted(set(re.findall(r'^\s*([a-z][A-Za-z0-9]*)\s+@\d+', text, re.M)))

def write(name, header, entries):
    with open(f'fuzz/dict/{name}.dict', 'w') as out:
        out.write(''.join('# ' + line + '\n' for line in header.split('\n')))
        out.write('# Written by fuzz/make_dicts.py.\n')
        for entry in entries:
            out.write(entry + '\n')

def member(name):
    return '"\\"%s\\":"' % name

events = fields('ledger/schema/events.capnp')
api = fields('api/schema/ledger.capnp')
json_tokens = ['"{"', '"}"', '"["', '"]"', '"\\""', '":"', '","', '"null"', '"true"',
               '"false"', '"0"', '"-1"', '"1e400"', '"\\\\u0000"', '"2026-01-05"',
               '"2026-02-30"']
routes = ['"GET /v1/trajectories/T-1"', '"POST /v1/trajectories/T-1/commands"',
          '"GET /v1/log?from=0&limit=10"', '"GET /v1/complaints?status=open"',
          '"GET /v1/proofs/receipt?position=1"', '"GET /v1/checkpoint"', '"?"', '"&"', '"="',
          '"%"', '"%00"', '"/"']
note = ['"\\xe2\\x80\\x94 "', '"\\x0a\\x0a"', '"trajectory-ledger.local/pnt"', '"+"', '"="',
        '"=="', '"AQ"', '"BA"']
options = re.findall(r'add_option\("--([a-z-]+)"', open('tools/ledgerd/ledgerd_options.cpp').read())

write('command', "JSON member names of the events (ledger/schema/events.capnp) and JSON's own\n"
      "tokens, for the command target (libFuzzer -dict).",
      json_tokens + [member(name) for name in events])
write('http_request', 'Routes, query syntax and JSON member names (api/schema/ledger.capnp,\n'
      'ledger/schema/events.capnp), for the http_request target (libFuzzer -dict).',
      json_tokens + routes + [member(name) for name in sorted(set(events + api))])
write('config', "ledgerd's TOML config keys (tools/ledgerd/ledgerd_options.cpp) and TOML's own tokens,\n"
      'for the config target (libFuzzer -dict).',
      ['"%s = "' % option for option in sorted(set(options))] +
      ['"["', '"]"', '"[section]"', '" = "', '"\\""', "\"'\"", '"#"', '"\\x0a"', '"true"',
       '"false"', '"0x10"', '"1e3"', '"\\"\\"\\""'])
write('note', 'Signed-note syntax (c2sp.org/signed-note: the em dash of signature lines, the\n'
      "blank line), the fuzz log key's name and base64 fragments, for the note target.", note)
write('key_history', 'Key transition syntax (integrity/key_history.h) and signed-note syntax,\n'
      'for the key_history target.',
      note + ['"trajectory-ledger key transition 1\\x0a"', '"from-size "', '"previous "',
              '"next "', '"18446744073709551615"', '"01"'])
write('receipt', 'Receipt line keywords (integrity/receipt.h) and signed-note syntax, for the\n'
      'receipt target.',
      note + ['"trajectory-ledger receipt 1\\x0a"', '"position "', '"tree-size "', '"entry "',
              '"personal "', '"inclusion "', '"checkpoint\\x0a"'])
