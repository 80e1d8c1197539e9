"""template.yaml says what the issue promises: arm64 python3.12 under 8 s, the Alexa trigger
restricted to one skill, an on-demand encrypted table with PITR and TTL, least privilege."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short forms (!Ref, !GetAtt, !Sub) as plain tagged values."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node)
    else:
        value = loader.construct_mapping(node)  # type: ignore[arg-type]
    return {suffix: value}


_CfnLoader.add_multi_constructor("!", _tag)
TEMPLATE: dict[str, Any] = yaml.load((ROOT / "template.yaml").read_text(), Loader=_CfnLoader)
RESOURCES = TEMPLATE["Resources"]
FUNCTION = RESOURCES["CoachFunction"]["Properties"]
TABLE = RESOURCES["CoachTable"]["Properties"]


def test_function_runtime_memory_and_timeout() -> None:
    assert FUNCTION["Runtime"] == "python3.12"
    assert FUNCTION["Architectures"] == ["arm64"]
    assert FUNCTION["Handler"] == "lambda/app.handler"
    assert (ROOT / "lambda" / "app.py").is_file()
    assert FUNCTION["Timeout"] < 8, "Alexa waits 8 seconds for an answer"
    assert 128 <= FUNCTION["MemorySize"] <= 1024


def test_alexa_trigger_is_restricted_to_the_skill_id() -> None:
    events = FUNCTION["Events"]
    [alexa] = [e for e in events.values() if e["Type"] == "AlexaSkill"]
    assert alexa["Properties"]["SkillId"] == {"Ref": "SkillId"}
    assert "SkillId" in TEMPLATE["Parameters"]
    assert FUNCTION["Environment"]["Variables"]["SKILL_ID"] == {"Ref": "SkillId"}


def test_table_is_on_demand_encrypted_recoverable_and_expires_abandoned_workouts() -> None:
    assert TABLE["BillingMode"] == "PAY_PER_REQUEST"
    assert TABLE["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert TABLE["SSESpecification"]["SSEEnabled"] is True
    assert TABLE["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    keys = {k["AttributeName"]: k["KeyType"] for k in TABLE["KeySchema"]}
    assert keys == {"pk": "HASH", "sk": "RANGE"}
    env = FUNCTION["Environment"]["Variables"]
    assert env["HAMSTRING_STORE"] == "dynamodb" and env["HAMSTRING_TABLE"] == {"Ref": "CoachTable"}


def test_policy_is_this_table_only_and_only_the_calls_the_store_makes() -> None:
    [policy] = FUNCTION["Policies"]
    [statement] = policy["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Resource"] == {"GetAtt": "CoachTable.Arn"}
    granted = {a.removeprefix("dynamodb:") for a in statement["Action"]}
    source = (ROOT / "skill" / "store" / "dynamodb.py").read_text()
    calls = {
        "".join(part.title() for part in name.split("_"))
        for name in re.findall(
            r"\.(query|put_item|update_item|delete_item|batch_write_item|"
            r"get_item|scan|transact_write_items)\(",
            source,
        )
    }
    if "TransactWriteItems" in calls:  # authorised per contained action
        calls.remove("TransactWriteItems")
        calls |= {kind + "Item" for kind in re.findall(r'"(Put|Update|Delete)":', source)}
    assert granted == calls
    assert not any("*" in a for a in statement["Action"])


def test_logs_are_kept_for_a_bounded_time_and_the_arn_is_an_output() -> None:
    group = RESOURCES["CoachLogGroup"]["Properties"]
    assert group["RetentionInDays"] == {"Ref": "LogRetentionInDays"}
    assert FUNCTION["LoggingConfig"]["LogGroup"] == {"Ref": "CoachLogGroup"}
    assert TEMPLATE["Outputs"]["FunctionArn"]["Value"] == {"GetAtt": "CoachFunction.Arn"}
