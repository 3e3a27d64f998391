import json, sys, math
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
diffs = []
def walk(x, y, path):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in set(x)|set(y):
            if k not in x or k not in y: diffs.append((path+"/"+k, "missing")); continue
            walk(x[k], y[k], path+"/"+k)
    elif isinstance(x, list) and isinstance(y, list):
        if len(x)!=len(y): diffs.append((path, f"len {len(x)} vs {len(y)}")); return
        for i,(p,q) in enumerate(zip(x,y)): walk(p,q,f"{path}[{i}]")
    elif isinstance(x,(int,float)) and isinstance(y,(int,float)) and not isinstance(x,bool):
        if abs(x-y) > 1e-12*max(1,abs(x),abs(y)): diffs.append((path, f"{x} vs {y}"))
    elif x != y: diffs.append((path, f"{x!r} vs {y!r}"))
walk(a, b, "")
print(len(diffs), "diffs"); [print(d) for d in diffs[:15]]
