"""Each user's work list: what needs doing now in the user's scope, most urgent first."""

from hazchem.services.work.worklist import CAP, Target, WorkItem, work_items

__all__ = ["CAP", "Target", "WorkItem", "work_items"]
