"""The ministrys window: many offices monthly packs side by side (no office file)."""
