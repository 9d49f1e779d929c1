"""The JSON API's request and response models, one module per area (they generate the OpenAPI document)."""
