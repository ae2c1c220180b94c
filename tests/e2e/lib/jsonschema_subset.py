"""A JSON Schema validator for the keywords the SARIF 2.1.0 schema uses.

Debian's python3 has no jsonschema module; the SARIF schema
(tests/sarif/sarif-2.1.0.json) only needs type, $ref to its definitions,
properties, required, additionalProperties, items, minItems, uniqueItems,
enum, minimum, maximum, pattern, anyOf and oneOf. `format` is annotation.
"""
import json
import re

_TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool,
    "null": type(None),
}


def _is_type(value, name):
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def validate(instance, schema, root=None, path="$"):
    """Returns the list of violations (strings with a JSON path)."""
    root = root if root is not None else schema
    errs = []
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return [f"{path}: referencia no admitida {ref}"]
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        errs += validate(instance, target, root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(instance, t) for t in types):
            return errs + [f"{path}: se esperaba {types}, hay {type(instance).__name__}"]
    if "enum" in schema and instance not in schema["enum"]:
        errs.append(f"{path}: {instance!r} no está en {schema['enum']}")
    if isinstance(instance, (int, float)) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errs.append(f"{path}: {instance} < {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errs.append(f"{path}: {instance} > {schema['maximum']}")
    if isinstance(instance, str) and "pattern" in schema:
        if not re.search(schema["pattern"], instance):
            errs.append(f"{path}: {instance!r} no cumple {schema['pattern']}")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                errs.append(f"{path}: falta «{key}»")
        extra = schema.get("additionalProperties", True)
        for key, value in instance.items():
            if key in props:
                errs += validate(value, props[key], root, f"{path}.{key}")
            elif extra is False:
                errs.append(f"{path}: propiedad no permitida «{key}»")
            elif isinstance(extra, dict):
                errs += validate(value, extra, root, f"{path}.{key}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            errs.append(f"{path}: menos de {schema['minItems']} elementos")
        if schema.get("uniqueItems"):
            seen = [json.dumps(x, sort_keys=True) for x in instance]
            if len(seen) != len(set(seen)):
                errs.append(f"{path}: elementos repetidos")
        if isinstance(schema.get("items"), dict):
            for i, item in enumerate(instance):
                errs += validate(item, schema["items"], root, f"{path}[{i}]")
    if "anyOf" in schema:
        if all(validate(instance, s, root, path) for s in schema["anyOf"]):
            errs.append(f"{path}: no cumple ninguna alternativa de anyOf")
    if "oneOf" in schema:
        ok = sum(1 for s in schema["oneOf"] if not validate(instance, s, root, path))
        if ok != 1:
            errs.append(f"{path}: cumple {ok} alternativas de oneOf, no una")
    return errs
