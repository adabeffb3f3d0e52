"""The pygame shell: loop, scenes, input devices, HUD, fonts."""
