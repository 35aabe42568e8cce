"""Near-duplicates: the same picture or video re-posted is found; a different one is not."""

from __future__ import annotations

from sabt.vault import add_files, similar

from . import media


def test_reposted_image_is_found_and_a_different_one_is_not(case, files):
    original = media.image(files / "original.jpg", seed=1)
    repost = media.reencoded(original, files / "IMG_2231 (1).jpg")
    other = media.image(files / "other.jpg", seed=4)
    first, second, third = add_files(case, [original, repost, other])
    assert first.sha256 != second.sha256
    matches = similar(case, first.sha256[:10], max_distance=8)
    assert [m.sha256 for m in matches] == [second.sha256]
    assert matches[0].how == "image" and matches[0].distance <= 8
    assert similar(case, third.sha256, max_distance=8) == []


def test_a_file_not_in_the_vault_can_be_looked_up(case, files):
    original = media.image(files / "original.jpg", seed=2)
    [stored] = add_files(case, [original])
    probe = media.reencoded(original, files / "probe.jpg", scale=0.5)
    assert [m.sha256 for m in similar(case, str(probe), max_distance=8)] == [stored.sha256]


def test_reencoded_video_is_found(case, files, ffmpeg):
    clip = media.video(files / "clip.mp4", pattern="testsrc", seconds=3)
    repost = media.reencoded_video(clip, files / "repost.avi")
    other = media.video(files / "other.mp4", pattern="mandelbrot", seconds=3)
    a, b, c = add_files(case, [clip, repost, other])
    found = similar(case, a.sha256, max_distance=10)
    assert [m.sha256 for m in found] == [b.sha256]
    assert found[0].how == "video"


def test_fifty_names_one_video(case, files, ffmpeg):
    clip = media.video(files / "clip.mp4", seconds=2)
    copies = []
    for i in range(50):
        path = files / f"repost-{i}.mp4"
        path.write_bytes(clip.read_bytes())
        copies.append(path)
    results = add_files(case, [clip] + copies)
    assert len({r.sha256 for r in results}) == 1 and sum(r.new for r in results) == 1


def test_still_from_a_video_is_found(case, files, ffmpeg):
    import subprocess

    clip = media.video(files / "clip.mp4", seconds=2)
    still = files / "still.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(clip), "-frames:v", "1", str(still)], check=True
    )
    video, image = add_files(case, [clip, still])
    found = similar(case, image.sha256, max_distance=10)
    assert [m.sha256 for m in found] == [video.sha256] and found[0].how == "image~video"
