#!/usr/bin/env python3
"""Generates a larger, still valid programme from a real one, for benchmarks.

    scripts/gen-escala.py input/paa2024.xml --subprogramas 7 --proyectos 7 \
        --actividades 2 -o /tmp/x98.xml

Every subprograma is repeated S times, every project inside it P times and
every activity inside a project A times (S×P×A times the activities), with
the claves renumbered so they stay unique, ordered and two digits per level
(at most 99 per level), and every declared count updated, so `paa check`
finds in the copy exactly the kinds of findings of the original.
Python 3 standard library only; deterministic.
"""

import argparse
import copy
import sys
import xml.etree.ElementTree as ET


def scale_project(proj, sub_num, proj_num, times):
    acts = proj.findall("actividad")
    for a in acts:
        proj.remove(a)
    n = 0
    for _ in range(times):
        for a in acts:
            n += 1
            new = copy.deepcopy(a)
            new.set("clave", "%s%s%02d" % (sub_num, proj_num, n))
            proj.append(new)
    proj.set("clave", sub_num + proj_num)
    proj.set("actividades", str(n))
    return n


def scale_subprograma(sub, sub_num, proj_times, act_times):
    projs = sub.findall("proyecto")
    for p in projs:
        sub.remove(p)
    n_proj = n_act = 0
    for _ in range(proj_times):
        for p in projs:
            n_proj += 1
            new = copy.deepcopy(p)
            n_act += scale_project(new, sub_num, "%02d" % n_proj, act_times)
            sub.append(new)
    sub.set("numero", sub_num)
    sub.set("proyectos", str(n_proj))
    sub.set("actividades", str(n_act))
    return n_proj, n_act


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("programa")
    ap.add_argument("--subprogramas", type=int, default=1)
    ap.add_argument("--proyectos", type=int, default=1)
    ap.add_argument("--actividades", type=int, default=1)
    ap.add_argument("-o", dest="out", required=True)
    args = ap.parse_args()
    tree = ET.parse(args.programa)
    root = tree.getroot()
    subs = root.findall("subprograma")
    for s in subs:
        root.remove(s)
    totals = [0, 0, 0]
    for _ in range(args.subprogramas):
        for s in subs:
            totals[0] += 1
            if totals[0] > 99:
                sys.exit("gen-escala: más de 99 subprogramas")
            new = copy.deepcopy(s)
            n_proj, n_act = scale_subprograma(new, "%02d" % totals[0],
                                              args.proyectos, args.actividades)
            if n_proj > 99:
                sys.exit("gen-escala: más de 99 proyectos en un subprograma")
            totals[1] += n_proj
            totals[2] += n_act
            root.append(new)
    t = root.find("totales")
    for key, value in zip(("subprogramas", "proyectos", "actividades"), totals):
        t.set(key, str(value))
    tree.write(args.out, encoding="UTF-8", xml_declaration=True)


if __name__ == "__main__":
    main()
