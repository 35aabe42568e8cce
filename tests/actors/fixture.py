"""A small, fictional-structure fixture case for the actor tests (not the example case).

Units and persons here are placeholders (``unit-a``, ``Commander One``); only the shape of
the record matters: a three-level chain, a commander replaced mid-window, a re-parented
unit, month-precision and open-ended dates, a province-level deployment, a non-command tie.
"""

from __future__ import annotations

from pathlib import Path

FILES = {
    "sources.csv": """id,name,publisher,url,reliability
src-1,Fixture report one,Fixture publisher,https://example.org/1,B
src-2,Fixture report two,Fixture publisher,https://example.org/2,C
""",
    "units.csv": """key,name,name_fa,name_ar,aliases,classification,country,description,source_id,quote,confidence
top,Top Command,فرماندهی بالا,,Top|TC,armed force,IR,,src-1,the top command,high
ground,Ground Forces,,,,service branch,IR,,src-1,its ground forces,high
div,Division One,,,Div 1|First Division,division,IR,,src-1,Division One,high
div,,,,,,,,src-2,the first division,medium
bde,Brigade Two,,,,brigade,IR,,src-2,Brigade Two,medium
other,Other Division,,,,division,IR,,src-2,Other Division,medium
ext,Outside Force,,,,external operations,IR,,src-1,the outside force,high
militia,Militia Group,,فصيل,,militia,IQ,,src-1,a militia group,medium
orphan,Orphan Unit,,,,unit,IR,,src-2,an orphan unit,low
""",
    "persons.csv": """key,name,name_fa,aliases,country,description,source_id,quote,confidence
cmdr-one,Commander One,,C. One,IR,,src-1,Commander One,high
cmdr-two,Commander Two,,,IR,,src-1,Commander Two,high
chief,Chief Of Ground,,,IR,,src-2,the chief,medium
bde-cmdr,Brigade Chief,,,IR,,src-2,the brigade chief,low
""",
    "posts.csv": """person,unit,role,rank,title,is_command,start,end,source_id,quote,confidence
cmdr-one,div,commander,general,,yes,2020-05-01,2026-01-08,src-1,commanded until the 8th,high
cmdr-two,div,commander,general,,yes,2026-01-09,,src-1,took over on the 9th,high
chief,ground,commander,,,yes,2019,,src-2,has led the ground forces since 2019,medium
chief,ground,spokesman,,,no,2018,,src-2,spoke for them,low
bde-cmdr,bde,commander,,,yes,,2025-12,src-2,led the brigade until December,low
""",
    "parentage.csv": """child,parent,relation,start,end,source_id,quote,confidence
div,ground,command,2010,,src-1,the division is part of the ground forces,high
ground,top,command,,,src-1,the ground forces are a branch of the top command,high
bde,div,command,2015,2026-01-08,src-2,the brigade was under the division,medium
bde,other,command,2026-01-09,,src-2,then moved to the other division,medium
other,top,command,,,src-2,,low
militia,ext,non-command,2026-01,2026-01,src-1,coordinated by the outside force,medium
""",
    "deployments.csv": """unit,place,role,strength_low,strength_best,strength_high,start,end,source_id,quote,confidence
div,Kermanshah,suppression of protests,,,,2026-01-08,2026-01-09,src-1,deployed to Kermanshah city on 8 January,high
div,Kermanshah,suppression of protests,,,,2026-01-08,2026-01-09,src-2,the division was in Kermanshah,medium
militia,Kermanshah Province,,100,200,300,2026-01,,src-1,militia fighters in the province,low
bde,Kermanshah,,,,,2026-01-07,2026-01-10,src-2,the brigade in Kermanshah,medium
orphan,Ilam,,,,,2026-01-04,2026-01-04,src-2,the orphan unit in Ilam,low
""",
}


def write_fixture(directory: Path, **overrides: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **overrides}.items():
        if text is None:
            continue
        (directory / name).write_text(text, encoding="utf-8")
    return directory
