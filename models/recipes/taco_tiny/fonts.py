"""The free font families Debian ships (scripts/provision's `recipes` group installs them),
sorted into the styles the scenes draw with. A style lists every installed face of it; a
missing package only shrinks the choice (DejaVu alone is enough to render every family).
"""
import os
import re

ROOT = "/usr/share/fonts"

# (style, regular expression on the file name). A face can be in several styles.
STYLES = [
    ("sans", r"^(DejaVuSans(Condensed)?(-Bold)?|LiberationSans(Narrow)?-(Regular|Bold)|FreeSans(Bold)?|"
             r"NotoSans(Display)?-(Regular|Bold)|Roboto(Condensed)?-(Regular|Medium|Bold)|OpenSans-(Regular|Semibold|Bold)|"
             r"Lato-(Regular|Medium|Semibold|Bold|Heavy)|Cantarell-(Regular|Bold)|Carlito-(Regular|Bold)|"
             r"Arimo-(Regular|Bold)|Cabin-(Regular|Medium|SemiBold|Bold)|Dosis-(Medium|SemiBold|Bold)|"
             r"Karla-(Regular|Bold)|LeagueSpartan-(Regular|SemiBold|Bold)|Jura-(Medium|Bold)|BetecknaGS(-Bold)?|"
             r"NimbusSans(Narrow)?-(Regular|Bold)|URWGothic-(Book|Demi)|LinBiolinum_(R|RB))\.(ttf|otf)$"),
    ("bold", r"^(DejaVuSans(Condensed)?-Bold|LiberationSans(Narrow)?-Bold|FreeSansBold|NotoSans(Display)?-Bold|"
             r"Roboto(Condensed)?-Bold|OpenSans-Bold|Lato-(Bold|Heavy|Black)|Cantarell-(Bold|ExtraBold)|Carlito-Bold|"
             r"Arimo-Bold|Cabin-Bold|Dosis-(Bold|ExtraBold)|Karla-Bold|LeagueSpartan-(Bold|ExtraBold|Black)|"
             r"Jura-Bold|BetecknaGS(Condensed)?-Bold|NimbusSans(Narrow)?-Bold|URWGothic-Demi|Apropal-Bold|Bajaderka-Regular)\.(ttf|otf)$"),
    ("serif", r"^(DejaVuSerif(Condensed)?(-Bold)?|LiberationSerif-(Regular|Bold)|FreeSerif(Bold)?|"
              r"NotoSerif(Display)?-(Regular|Bold)|Tinos-(Regular|Bold)|Caladea-(Regular|Bold)|"
              r"LinLibertine_(R|RB)|NimbusRoman-(Regular|Bold)|C059-(Roman|Bold)|P052-(Roman|Bold)|"
              r"URWBookman-(Light|Demi))\.(ttf|otf)$"),
    ("mono", r"^(DejaVuSansMono(-Bold)?|LiberationMono-(Regular|Bold)|FreeMono(Bold)?|Cousine-(Regular|Bold)|"
             r"Inconsolata|Hack-(Regular|Bold)|FiraCode-(Regular|Medium|Bold)|JetBrainsMono-(Regular|Bold)|"
             r"NimbusMonoPS-(Regular|Bold))\.(ttf|otf)$"),
    ("hand", r"^(ComicNeue-(Regular|Bold)|Humor-Sans|dkg|dkgBd|Breip|femkeklaver)\.(ttf|otf)$"),
    ("led", r"^DSEG7(Classic|Modern)-(Regular|Bold)\.ttf$"),
]

_cache = None


def _scan():
    found = {}
    for d, _, files in os.walk(ROOT):
        for f in files:
            found.setdefault(f, os.path.join(d, f))
    return found


def styles():
    """{style: sorted list of font paths}; raises when even the basic sans faces are missing."""
    global _cache
    if _cache is None:
        files = _scan()
        _cache = {}
        for style, pattern in STYLES:
            rx = re.compile(pattern)
            _cache[style] = sorted(p for f, p in files.items() if rx.match(f))
        if not _cache["sans"] or not _cache["bold"] or not _cache["mono"]:
            raise SystemExit("fonts missing: run scripts/provision recipes (needs at least fonts-dejavu-core)")
        for style in ("serif", "hand"):
            if not _cache[style]:
                _cache[style] = _cache["sans"]
    return _cache


def pick(rng, *wanted):
    """A font path of one of the wanted styles (weighted by how many faces each has)."""
    s = styles()
    pool = [p for w in wanted for p in s.get(w, [])]
    if not pool:
        pool = s["sans"]
    return pool[int(rng.integers(len(pool)))]


if __name__ == "__main__":
    for k, v in styles().items():
        print(k, len(v), " ".join(os.path.basename(p) for p in v))
