"""The evidence vault: tamper-evident, verifiable, exportable.

Objects are stored under their SHA-256, byte for byte; every acquisition, addition, view,
export, redacted copy, link and transfer is a line of the hash-chained custody log
``custody.jsonl``, with checkpoints signed by the installation's Ed25519 key. ``docs/vault.md``
describes the folder and the log line by line, and how to verify both by hand.

    from sabt.vault import add_files, verify
    results = add_files(case, ["clip.mp4"], source_id="witness-7")
    assert verify(case).ok
"""

from sabt.vault.acquire import AddResult, add_files, add_redacted_copy, import_warc
from sabt.vault.actions import checkpoint, link, public_key, set_protected, transfer, view
from sabt.vault.bag import export_bag, verify_bag
from sabt.vault.custody import Finding
from sabt.vault.similar import Match, similar
from sabt.vault.verify import VerifyReport, verify, verify_log

__all__ = [
    "AddResult",
    "Finding",
    "Match",
    "VerifyReport",
    "add_files",
    "add_redacted_copy",
    "import_warc",
    "checkpoint",
    "link",
    "public_key",
    "set_protected",
    "transfer",
    "view",
    "export_bag",
    "verify_bag",
    "similar",
    "verify",
    "verify_log",
]
