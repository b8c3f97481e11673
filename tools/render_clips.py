#!/usr/bin/env python3
"""Six frames of each clip in haad generic-layout folders, as one PNG (a quick look
at generated motion without a browser; samples.svg from gen-eval is the animated view).
MSR20 skeleton. Needs Debian's python3-pil and python3-numpy.
usage: /usr/bin/python3 tools/render_clips.py OUT.png DIR [DIR ...]   (e.g. haad generate ... --out DIR)
"""
import numpy as np, csv, sys
from PIL import Image, ImageDraw
parents=[2, 2, 3, 6, 6, 6, -1, 0, 1, 7, 8, 9, 10, 4, 5, 13, 14, 15, 16, 2]
def load(d):
    return [np.load(f"{d}/{r['file']}") for r in csv.DictReader(open(f"{d}/clips.csv"))]
rows=[]
for d in sys.argv[2:]:
    rows += [(d.split('/')[-1], m) for m in load(d)]
S=80; nf=6
img=Image.new('RGB',(S*nf, S*len(rows)),'white'); dr=ImageDraw.Draw(img)
for ri,(name,m) in enumerate(rows):
    lo=m.reshape(-1,3).min(0); hi=m.reshape(-1,3).max(0); sc=(S-10)/max(hi[0]-lo[0],hi[1]-lo[1],1e-6)
    for fi in range(nf):
        t=int(fi*(len(m)-1)/(nf-1)); p=m[t]
        for j,pa in enumerate(parents):
            if pa<0: continue
            xy=[(fi*S+5+(p[k,0]-lo[0])*sc, ri*S+S-5-(p[k,1]-lo[1])*sc) for k in (j,pa)]
            dr.line(xy,fill=(31,119,180),width=2)
    dr.text((2,ri*S+2),name,fill='black')
img.save(sys.argv[1])
