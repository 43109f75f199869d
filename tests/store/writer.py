"""A store writer for the kill -9 test: creates engagements one by one, printing each id once it is committed."""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.hubspot.crm.records import CONTACT
from simulator.store import Store


def main(data_dir: str, count: int) -> None:
    store = Store.open(Path(data_dir))
    crm = store.load_crm()
    for index in range(count):
        engagement = crm.create_engagement(f"call-{index}", "OUTBOUND", [(CONTACT, 1)], {"i": str(index)}, index)
        crm.update_engagement(engagement.id, index + 1, {"hs_call_status": "COMPLETED"}, status="COMPLETED")
        print(engagement.id, flush=True)  # acknowledged: both writes returned, so both are committed


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
