"""Drawing helpers below both the shell and the stage views: shapes, cached text, palette."""
