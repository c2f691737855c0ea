"""Files whose code a step executes: lines whose coverlet hit count grew between a set-up-only run and a run of the
same set-up plus the step (so start-up and set-up cancel out). Usage: walk-diff.py BASE_DIR RUN_DIR [--list]."""
import collections
import glob
import sys
import xml.etree.ElementTree as ET


def hits(directory):
    counts = collections.defaultdict(int)
    root = ET.parse(glob.glob(directory + '/*/coverage.cobertura.xml')[0]).getroot()
    for cls in root.iter('class'):
        for line in cls.iter('line'):
            key = (cls.get('filename'), line.get('number'))
            counts[key] = max(counts[key], int(line.get('hits')))
    return counts


base, run = hits(sys.argv[1]), hits(sys.argv[2])
files = sorted({f for (f, n), h in run.items() if h > base.get((f, n), 0)})
by_project = collections.Counter(f.split('/')[0] for f in files)
print(f"{len(files)} files: " + ", ".join(f"{p} {c}" for p, c in sorted(by_project.items())))
if '--list' in sys.argv:
    print('\n'.join('  ' + f for f in files))
