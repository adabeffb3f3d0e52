"""Audio: the generated score and effects (pure numpy) and their playback (pygame.mixer).

synth (instruments), score (the composer: Level -> notes), render (notes -> int16 stems),
cache (rendered soundtracks in the user cache), job (rendering off the main thread),
horns (the layer that follows the combo), sfx (effects), wav (export), director (the only
pygame.mixer user), bench (synthesis speed).
"""
