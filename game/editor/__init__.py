"""The level editor's pure half (no pygame): bars on a grid (`grid`), the model with its
cursor, edits, undo and the file's new text (`model`), problems placed on the timeline
(`problems`) and tap tempo (`tap`). The scene is game/app/scenes/editor.py."""
