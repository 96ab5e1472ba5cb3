"""Stages 2-6, words -> structure: takes every page's words; gives lines, the page layout, the
meeting (front matter), the §s with their labelled fields, and what happened in each §."""

from .annotate import annotate_section, check_minutes

__all__ = ["annotate_section", "check_minutes"]
