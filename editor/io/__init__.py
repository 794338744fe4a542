"""Files: project files (zip or folder), photos, and (later) Word import."""
