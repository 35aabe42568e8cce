"""A real case (the store's own tables) holding linked persons with a known capture design:
3,000 people, three lists catching 40, 35 and 30 % of them, two provinces, two months."""

from __future__ import annotations

import datetime as dt

import numpy as np

from sabt.store import models

LISTS = {"hrana": 0.4, "ihrngo": 0.35, "hengaw": 0.3}


def fill_linked_case(case, seed: int = 5, people: int = 3000) -> None:
    rng = np.random.default_rng(seed)
    with case.session() as session:
        session.add_all([models.Source(id=source, name=source, kind="list") for source in LISTS])
        session.flush()
        batches = {}
        for source in LISTS:
            batch = models.ImportBatch(source_id=source, file_name=f"{source}.csv", file_sha256="0" * 64,
                                       file_format="csv")
            session.add(batch)
            batches[source] = batch
        session.flush()
        persons = [models.Person() for _ in range(people)]
        session.add_all(persons)
        session.flush()
        row = 0
        for number, person in enumerate(persons, start=1):
            died = dt.date(2026, 1, 10) if number % 3 else dt.date(2026, 2, 3)
            for source, p in LISTS.items():
                if rng.random() < p:
                    row += 1
                    session.add(models.Record(
                        import_id=batches[source].id, source_id=source, row_number=row, row_sha256=f"{row:064x}",
                        person_id=person.id, province_code="IR-01" if number % 2 else "IR-02",
                        date_of_death=died, sex="m" if number % 5 else "f", age=int(rng.integers(10, 80))))
        session.commit()
