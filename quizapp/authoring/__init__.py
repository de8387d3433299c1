"""Authoring: teachers make packs in the browser (the routes attach to the instructor blueprint)."""
