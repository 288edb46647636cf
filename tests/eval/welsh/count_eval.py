#!/usr/bin/env python3
"""Count and sanity-check the Welsh blind evaluation set in this folder.

Usage:
    python3 count_eval.py              # print the counts tables (Markdown)
    python3 count_eval.py --show-mixed # also list messages flagged as Welsh/English mixed

Checks (exit status 1 if any fails):
  * every file parses as YAML and has the expected shape;
  * topics.yml: 22-24 examples per intent, the 14 expected intents;
  * risk.yml: at least 12 messages in each of the 6 expected categories;
  * ordinary.yml: at least 130 messages;
  * no empty messages, no run of 7+ digits (phone-number guard);
  * no duplicate message within or across files
    (compared lower-case with whitespace collapsed).

The Welsh/English mix figure is only an estimate from a small list of
English marker words; it is printed for information and never fails.

Needs PyYAML. Reads only the three YAML files next to this script.
"""
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

INTENTS = [
    "ask_health", "ask_records", "ask_advocacy", "ask_complaints",
    "ask_social_worker", "ask_family_contact", "ask_placement",
    "ask_care_plan", "ask_education", "ask_leaving_care", "ask_life_story",
    "ask_rights", "ask_have_a_say", "ask_corporate_parent",
]
RISK = [
    "suicide_self_harm", "abuse_violence", "sexual_exploitation",
    "criminal_exploitation", "immediate_danger", "homelessness_running_away",
]
TOPIC_MIN, TOPIC_MAX, RISK_MIN, ORDINARY_MIN = 22, 24, 12, 130

# English marker words used to estimate code-mixing (approximate only).
ENGLISH_MARKERS = set("""
file records social worker workers advocate advocacy service complaint complaints
complainio team review pathway contact placement foster carers carer family
residential home really helpful health check assessment nurse female subject
access request ages embarrassing job exclude ucas application care leaver
leaving bursary bills stryglo life story work memory box baby photos my rights
right children council youth forum join corporate parent pledge media just want
it end boyfriend slapio sextortio insta video call robbo owe county lines
scared couch surfing kicked out starfo tea wifi router boring grooming sleepover
annoying stressed typical gutted bored spag bol tips cousins laptop setting up
messages meetings young people mum lighter again best friend phone bot real
funny essay legend knackered mondays
""".split())


def norm(text):
    return re.sub(r"\s+", " ", text.strip().lower())


def load(name):
    with open(HERE / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def topic_messages(data, errors):
    out = {}
    if not isinstance(data, dict) or str(data.get("version")) != "3.1":
        errors.append("topics.yml: missing version \"3.1\"")
    for block in (data or {}).get("nlu", []):
        intent = block.get("intent")
        msgs = []
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if not line:
                continue
            if not line.startswith("- "):
                errors.append(f"topics.yml/{intent}: bad example line {line!r}")
                continue
            msgs.append(line[2:].strip())
        if intent in out:
            errors.append(f"topics.yml: intent {intent} appears twice")
        out[intent] = msgs
    return out


def is_mixed(text):
    words = re.findall(r"[a-z]+", text.lower())
    return any(w in ENGLISH_MARKERS for w in words)


def main():
    show_mixed = "--show-mixed" in sys.argv
    errors = []

    topics = topic_messages(load("topics.yml"), errors)
    risk = load("risk.yml") or {}
    ordinary = (load("ordinary.yml") or {}).get("messages", [])

    if sorted(topics) != sorted(INTENTS):
        errors.append(f"topics.yml: intents differ from expected: {sorted(topics)}")
    if sorted(risk) != sorted(RISK):
        errors.append(f"risk.yml: categories differ from expected: {sorted(risk)}")

    groups = []  # (file, group, [messages])
    for intent in INTENTS:
        msgs = topics.get(intent, [])
        groups.append(("topics.yml", intent, msgs))
        if not TOPIC_MIN <= len(msgs) <= TOPIC_MAX:
            errors.append(f"topics.yml/{intent}: {len(msgs)} examples "
                          f"(want {TOPIC_MIN}-{TOPIC_MAX})")
    for cat in RISK:
        msgs = risk.get(cat) or []
        groups.append(("risk.yml", cat, msgs))
        if len(msgs) < RISK_MIN:
            errors.append(f"risk.yml/{cat}: {len(msgs)} messages (want >= {RISK_MIN})")
    groups.append(("ordinary.yml", "messages", ordinary))
    if len(ordinary) < ORDINARY_MIN:
        errors.append(f"ordinary.yml: {len(ordinary)} messages (want >= {ORDINARY_MIN})")

    seen = {}
    mixed = []
    for fname, group, msgs in groups:
        for m in msgs:
            if not isinstance(m, str) or not m.strip():
                errors.append(f"{fname}/{group}: empty or non-string message {m!r}")
                continue
            if re.search(r"\d{7,}", m.replace(" ", "")):
                errors.append(f"{fname}/{group}: looks like a phone number: {m!r}")
            key = norm(m)
            if key in seen:
                errors.append(f"duplicate: {m!r} in {fname}/{group} "
                              f"and {seen[key]}")
            else:
                seen[key] = f"{fname}/{group}"
            if is_mixed(m):
                mixed.append((fname, group, m))

    def table(title, rows, label):
        print(f"### {title}\n")
        print(f"| {label} | messages | mixed Welsh/English (approx.) |")
        print("|---|---:|---:|")
        total = total_mixed = 0
        for name, msgs in rows:
            n_mixed = sum(1 for m in msgs if isinstance(m, str) and is_mixed(m))
            print(f"| {name} | {len(msgs)} | {n_mixed} |")
            total += len(msgs)
            total_mixed += n_mixed
        print(f"| **total** | **{total}** | **{total_mixed}** |\n")
        return total

    t_topics = table("topics.yml (intents)",
                     [(i, topics.get(i, [])) for i in INTENTS], "intent")
    t_risk = table("risk.yml (urgent-help categories)",
                   [(c, risk.get(c) or []) for c in RISK], "category")
    t_ord = table("ordinary.yml (must not trigger urgent help)",
                  [("messages", ordinary)], "list")
    grand = t_topics + t_risk + t_ord
    print(f"**All files: {grand} messages, {len(seen)} unique; "
          f"about {len(mixed)} ({100 * len(mixed) / max(grand, 1):.0f}%) "
          f"mix Welsh and English.**\n")

    if show_mixed:
        print("### Messages flagged as mixed\n")
        for fname, group, m in mixed:
            print(f"- {fname}/{group}: {m}")
        print()

    if errors:
        print("### CHECKS FAILED\n")
        for e in errors:
            print(f"- {e}")
        return 1
    print("All checks passed: shapes, counts, no duplicates, no phone numbers.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
