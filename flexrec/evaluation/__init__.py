"""Offline evaluation of FlexRec on real conversations (ReDial) and real ratings (MovieLens)."""
