"""Near-duplicates: the same photo or video re-posted, re-encoded, resized or renamed.

Images carry a 64-bit perceptual hash (pHash); videos the pHashes of their key frames. Two
images are compared by the Hamming distance of their hashes. A video is compared with another
by, for each of its frames, the distance to the nearest frame of the other, taking the
median: a re-encode with different key-frame positions still lands near. An image is
compared with a video's frames the same way (a screenshot of a video is found).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from sabt.store import models
from sabt.vault import core, metadata, objects
from sabt.vault.names import display_name


@dataclass
class Match:
    sha256: str
    name: str | None
    media_type: str | None
    distance: int
    how: str  # image | video | image~video

    @property
    def shown_name(self) -> str:
        return display_name(self.name)


def _distance(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def _frames_distance(frames_a: list[str], frames_b: list[str]) -> int:
    nearest = [min(_distance(a, b) for b in frames_b) for a in frames_a]
    return int(statistics.median(nearest))


def _hashes_of_file(path: Path) -> tuple[str | None, list[str] | None, str, str | None]:
    sha256, _ = objects.hash_file(path)
    media_type = metadata.sniff(path, path.name)
    _, phash, frames = metadata.extract(path, media_type)
    return phash, frames, media_type, sha256


def similar(case, object_ref: str, max_distance: int = 10) -> list[Match]:
    """Objects whose perceptual hashes lie within ``max_distance`` bits of this one's, nearest first.

    ``object_ref`` is an object of the vault (hash, prefix, ``#id``) or a file on disk not (yet)
    in it. Example::

        for match in similar(case, "3fa2c1", max_distance=8): print(match.sha256, match.distance)
    """
    with case.session() as session:
        self_sha = None
        try:
            row = core.resolve(session, object_ref)
            phash, frames, self_sha = row.phash, row.frame_hashes, row.sha256
        except Exception:
            path = Path(str(object_ref))
            if not path.is_file():
                raise
            phash, frames, _, self_sha = _hashes_of_file(path)
        if not phash and not frames:
            return []
        candidates = session.execute(
            select(
                models.Evidence.sha256,
                models.Evidence.original_name,
                models.Evidence.media_type,
                models.Evidence.phash,
                models.Evidence.frame_hashes,
            ).where(
                (models.Evidence.phash.is_not(None)) | (models.Evidence.frame_hashes.is_not(None))
            )
        ).all()
    matches: list[Match] = []
    mine = frames or ([phash] if phash else [])
    for other in candidates:
        if other.sha256 == self_sha:
            continue
        theirs = other.frame_hashes or ([other.phash] if other.phash else [])
        if not theirs:
            continue
        if frames and other.frame_hashes:
            distance, how = (
                min(_frames_distance(mine, theirs), _frames_distance(theirs, mine)),
                "video",
            )
        elif frames or other.frame_hashes:
            distance = min(_distance(a, b) for a in mine for b in theirs)
            how = "image~video"
        else:
            distance, how = _distance(phash, other.phash), "image"
        if distance <= max_distance:
            matches.append(
                Match(other.sha256, other.original_name, other.media_type, distance, how)
            )
    matches.sort(key=lambda m: (m.distance, m.sha256))
    return matches
