"""Audio: the generated score and effects (pure numpy) and the one mixer that plays them.

synth (instruments), score (the composer: Level -> notes), render (notes -> int16 stems),
cache (rendered soundtracks in the user cache), job (rendering off the main thread),
horns (the layer that follows the combo), sfx (effects), wav (export), mixer (every sound
at its sample), sample_clock (the device's clock from its callbacks), output (the SDL
device on our callback), director (what plays when), probe (sound measured through
PulseAudio), bench (synthesis speed, clock drift).
"""
