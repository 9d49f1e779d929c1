"""Labels rendered per second for a 500-label bulk PDF (roll and A4 layouts), and slips per second."""

from __future__ import annotations

import time
from datetime import date

from hazchem.render.labels import LabelData, label_pdf
from hazchem.render.slips import Party, SlipContainer, SlipData, SlipLeg, SlipSignature, slip_pdf

LABELS = 500
SLIPS = 100
GOAL_LABELS_PER_S = 100
VOLUMES = (5, 20, 50, 60, 200, 449, 450, 1000)
CHARACTERISTICS = (("T",), ("T", "I"), ("C",), ("T", "C"), ("T", "In"), ("T", "C", "I", "R"))


def _labels() -> list[LabelData]:
    labels = []
    for i in range(LABELS):
        digital_id = f"91350100M000100Y4390024908202605{(i // 999) + 1:02d}{i % 999 + 1:03d}"
        labels.append(
            LabelData(
                name=f"废矿物油（批次{i}）",
                category="HW08",
                code="900-249-08",
                form="液态",
                characteristics=CHARACTERISTICS[i % len(CHARACTERISTICS)],
                main_components="矿物油、水",
                harmful_components="多环芳烃",
                precautions="远离火源，防止泄漏" * (1 + i % 3),
                digital_id=digital_id,
                producer="上虞示例精细化工有限公司",
                contact_name="张敏",
                contact_phone="0575-82000001",
                gen_date=date(2026, 5, 1),
                weight_kg=f"{150 + i % 50}.5",
                remarks="" if i % 2 else "试点批次",
                volume_l=VOLUMES[i % len(VOLUMES)],
                scan_url=f"https://hazchem.example/l/{digital_id}",
            )
        )
    return labels


def _slips() -> list[SlipData]:
    party = Party(
        "产生单位",
        "上虞示例精细化工有限公司",
        "91350100M000100Y43",
        "上虞区纬三路1号",
        "张敏",
        "0575-82000001",
    )
    return [
        SlipData(
            number=f"2026330600{i:04d}",
            status="已办结",
            waste_code="900-249-08",
            category="HW08",
            waste_name="废矿物油",
            form="液态",
            characteristics=("T", "I"),
            mode="处置",
            method="D10",
            declared_kg="2000",
            received_kg="2001",
            accepted_kg="2001",
            transfer_date="2026-06-01",
            generator=party,
            receiver=party,
            legs=(
                SlipLeg(
                    1,
                    "绍兴示例危险品运输有限公司",
                    "浙D12345",
                    "王建国",
                    "2026-06-01 09:00",
                    "2026-06-01 12:00",
                ),
            ),
            containers=tuple(
                SlipContainer(f"91350100M000100Y439002490820260501{j:03d}", "钢桶", "200", "200.1", "接收")
                for j in range(1, 11)
            ),
            signatures=(SlipSignature("产生单位", "张敏", "ehs_officer", "2026-06-01 08:00"),),
            anomalies=(),
            revisions=(),
            verify_url=f"https://hazchem.example/v/2026330600{i:04d}?f=0123456789ABCDEF",
            fingerprint="0123456789ABCDEF",
            printed_at="2026-11-21 14:00",
        )
        for i in range(SLIPS)
    ]


def _rate(count: int, render) -> tuple[float, int]:
    render()  # warm-up: font registration and caches, as in a running server
    started = time.perf_counter()
    size = len(render())
    return count / (time.perf_counter() - started), size


def run(pg_url: str | None) -> None:
    """Print labels/s for a 500-label bulk PDF in both layouts and slips/s for a 100-slip PDF."""
    labels, slips = _labels(), _slips()
    for layout in ("roll", "a4"):
        rate, size = _rate(LABELS, lambda layout=layout: label_pdf(labels, layout=layout))
        verdict = "met" if rate >= GOAL_LABELS_PER_S else "NOT met"
        print(
            f"   labels, {LABELS} in one {layout} PDF: {rate:,.0f} labels/s ({size / 1e6:.1f} MB) "
            f"— goal ≥ {GOAL_LABELS_PER_S}/s {verdict}"
        )
    rate, size = _rate(SLIPS, lambda: slip_pdf(slips))
    print(f"   slips, {SLIPS} in one PDF: {rate:,.0f} slips/s ({size / 1e6:.1f} MB)")
