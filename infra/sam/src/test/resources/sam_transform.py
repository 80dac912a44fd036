"""Prints the CloudFormation the SAM transform makes of a template (JSON on stdout), offline.

Run with the SAM CLI's virtualenv (infra/sam/.venv): aws-sam-translator is the library both
`sam validate` and CloudFormation's AWS::Serverless-2016-10-31 transform are built on. Local
CodeUri paths become S3 locations first, as `sam package` would make them; the template names no
managed policies, so none are looked up (no credentials, no network).
"""
import json
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    def load(self):
        return {}


with open(sys.argv[1], encoding="utf-8") as f:
    template = yaml_parse(f.read())
for resource in template.get("Resources", {}).values():
    properties = resource.get("Properties", {})
    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
        properties["CodeUri"] = "s3://deployment-bucket/" + properties["CodeUri"].rsplit("/", 1)[-1]
json.dump(transform(template, {}, NoManagedPolicies()), sys.stdout, indent=1)
