"""One home per entity: the descriptors, the ordered registry, and the contract computed from it.

`piiscan.entities.<entity>` (one module per entity, named like its YAML file) holds its descriptor
(`Entity`) beside its validator; `registry.REGISTRY` is the one ordered list (order = id = precedence);
`contract` derives ids, hint bits, statistics slots and categories from it for every other module.
See docs/ARCHITECTURE.md, "How to add an entity".
"""

from piiscan.entities._descriptor import NO_PERSON_KEY, Authenticity, Entity, Preview
from piiscan.entities.contract import CATEGORIES, CATEGORY_ORDER, DESCRIPTORS, ENTITY_ORDER, descriptor
from piiscan.entities.registry import REGISTRY

__all__ = [
    "CATEGORIES",
    "CATEGORY_ORDER",
    "DESCRIPTORS",
    "ENTITY_ORDER",
    "NO_PERSON_KEY",
    "REGISTRY",
    "Authenticity",
    "Entity",
    "Preview",
    "descriptor",
]
