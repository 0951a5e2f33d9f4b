"""The CAF beneficiary files (VRSB0801, VRSD0301), in pure Python: no Django here.

- `parser.CafParser` / `parser.parse_file`: stream a file into `records.Household` records, or
  reject it whole with `errors.CafFileError` (one French line);
- `schema.validate` / `schema.build_xsd`: the XML Schemas written from the element trees;
- `generator.generate` / `generator.generate_series`: synthetic files of a population that lives
  month after month;
- `codes`: the code lists with French labels; `nir`: the NIR key.
"""
