"""The colours every screen shares, so menus and HUD read as one game."""

INK = (235, 230, 225)      # body text
DIM = (150, 146, 156)      # secondary text
GOLD = (255, 214, 90)      # the selection, combos, bests
WORK = (196, 64, 52)       # work intervals
REST = (60, 110, 170)      # rest intervals
