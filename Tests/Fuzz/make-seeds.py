#!/usr/bin/env python3
"""Writes the pipeline fuzzer's seed corpus into Tests/Fuzz/seeds/ (see Tests/Fuzz/README.md).

Seeds: every ```evdl example of Grammar/Reference.md (one each, and all together), the example specs, the
generator's reference specs, the domain corpus, and the checkout example as one multi-file input (files separated by a NUL byte).
Rerun after the examples change; the seeds are committed so a fuzzing session starts the same everywhere."""
import glob, os, re

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
out = os.path.join(root, 'Tests', 'Fuzz', 'seeds')
os.makedirs(out, exist_ok=True)
handwritten = {'fragments.evdl'}
for old in glob.glob(os.path.join(out, '*')):
    if os.path.basename(old) not in handwritten:
        os.remove(old)

def write(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)

def read(path):
    with open(os.path.join(root, path), 'rb') as f:
        return f.read()

reference = read('Grammar/Reference.md').decode()
blocks = re.findall(r'```evdl\n(.*?)```', reference, re.S)
for index, block in enumerate(blocks, 1):
    write(f'reference-{index:02d}.evdl', block.encode())
write('reference-all.evdl', '\n'.join(blocks).encode())

os.chdir(root)
for path in sorted(glob.glob('Examples/*/Sources/*/*.evdl')):
    write(f'{path.split("/")[1].lower()}-{os.path.basename(path)}', read(path))
for path in sorted(glob.glob('Tests/EVDLGeneratorTests/References/*/*.evdl')):
    write(f'ref-{path.split("/")[-2]}-{os.path.basename(path)}', read(path))
for path in sorted(glob.glob('Tests/DomainCorpus/*.evdl')):
    write(f'corpus-{os.path.basename(path)}', read(path))
for example in sorted(glob.glob('Examples/*/Sources/*')):
    paths = sorted(glob.glob(f'{example}/*.evdl'))
    if len(paths) > 1:
        write(f'{os.path.basename(example).lower()}-module.bin', b'\0'.join(read(p) for p in paths))
