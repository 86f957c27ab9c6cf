# keyword: kwlist, softkwlist, iskeyword, issoftkeyword.
import keyword
print(keyword.kwlist)
print(keyword.softkwlist)
print(len(keyword.kwlist), sorted(keyword.__all__))
for w in ['for', 'False', 'None', 'async', 'await', 'match', 'case', '_', 'type', 'print', 'self', 'FOR', '', 'nonlocal']:
    print(repr(w), keyword.iskeyword(w), keyword.issoftkeyword(w))
print(all(keyword.iskeyword(k) for k in keyword.kwlist), any(keyword.iskeyword(k) for k in keyword.softkwlist))
print(keyword.iskeyword(1) if False else 'skip', [k for k in keyword.kwlist if not k.isidentifier()])
