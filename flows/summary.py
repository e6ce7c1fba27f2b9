"""The run summary: printed by the CLI, stored as a Prefect markdown artifact."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class RunSummary:
    run_id: str
    db_path: str
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    events: int = 0
    skipped: int = 0  # web pages rejected before and not due again (transforms/retry_policy.py)
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    # articles loaded but left out of the NLP, by language (nlp_status `skipped:language=..`)
    not_analysed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    top_events: list[dict] = field(default_factory=list)
    published: str | None = None  # the read-only copy for BI tools (see flows/publish.py)
    publish_error: str | None = None
    where: str = "in process"  # where the batches ran (flows/runners.py)

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("seen", "new", "updated", "unchanged", "rejected", "skipped", "events")}

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        lines = [
            f"eventwire run {self.run_id} -> {self.db_path}",
            f"  articles seen {self.seen}: new {self.new}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}, skipped {self.skipped}",
            f"  events loaded {self.events}",
            f"  time {self.seconds:.1f}s ({self.where})",
        ]
        if self.skipped:
            why = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped_by_reason.items()))
            lines.append(f"  skipped, rejected before and not due again (--refetch asks): {why}")
        if self.not_analysed:
            langs = ", ".join(f"{k} {v}" for k, v in sorted(self.not_analysed.items()))
            lines.append(f"  left out of the NLP, by language: {langs}")
        if self.rejects_by_reason:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.rejects_by_reason.items()))
            lines.append(f"  rejects by stage/reason: {reasons}")
        if self.published:
            lines.append(f"  published for BI: {self.published}")
        if self.publish_error:
            lines.append(f"  NOT published: {self.publish_error} (the last published copy is unchanged)")
        return "\n".join(lines)

    def markdown(self) -> str:
        rows = "\n".join(f"| {k} | {v} |" for k, v in self.counts().items())
        stages = "\n".join(f"| {k} | {v:.2f} |" for k, v in self.stage_seconds.items())
        rejects = "\n".join(f"| {k} | {v} |" for k, v in sorted(self.rejects_by_reason.items())) or "| none | 0 |"
        languages = "\n".join(f"| {k} | {v} |" for k, v in sorted(self.not_analysed.items())) or "| none | 0 |"
        return (
            f"# eventwire run `{self.run_id}`\n\nWarehouse: `{self.db_path}`, time {self.seconds:.1f} s\n\n"
            f"| articles | count |\n|---|---|\n{rows}\n\n"
            f"| stage | seconds |\n|---|---|\n{stages}\n\n"
            f"| rejects (stage/reason) | count |\n|---|---|\n{rejects}\n\n"
            f"| left out of the NLP (language) | articles |\n|---|---|\n{languages}\n"
            f"{self._top_events_markdown()}"
        )

    def _top_events_markdown(self) -> str:
        if not self.top_events:
            return ""
        cols = list(self.top_events[0])
        head = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols)
        body = "\n".join(
            "| " + " | ".join("" if r[c] is None else str(r[c]).replace("|", "/") for c in cols) + " |"
            for r in self.top_events
        )
        return f"\n## Top events of this run\n\n{head}\n{body}\n"
