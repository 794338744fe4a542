"""Length units. The model stores points (1/72 inch); people think in mm."""

PT_PER_MM: float = 72.0 / 25.4
MM_PER_PT: float = 25.4 / 72.0


def mm_to_pt(length_mm: float) -> float:
    """Convert millimetres to points."""
    return length_mm * PT_PER_MM


def pt_to_mm(length_pt: float) -> float:
    """Convert points to millimetres."""
    return length_pt * MM_PER_PT


#: Page sizes in points, portrait (width, height).
PAGE_SIZES_PT: dict[str, tuple[float, float]] = {
    "A4": (mm_to_pt(210.0), mm_to_pt(297.0)),
    "A3": (mm_to_pt(297.0), mm_to_pt(420.0)),
}
