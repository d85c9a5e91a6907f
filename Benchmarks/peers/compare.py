#!/usr/bin/env python3
"""Times one rule -- "at least two patient advisors per active team" -- in Tandem, in Rego (regopy,
OPA's rego-cpp) and in CEL (common-expression-language, the Rust cel-interpreter), on the same
generated snapshot. Run by hand, not by CI: see compare.sh, which sets up the peers."""
import json, os, resource, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
teams = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
# Which peers to run (both unless named): the Python CEL takes more than ten minutes at 20,000
# teams, so a run for Rego's figure names Rego alone.
peers = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else {"rego", "cel"}
work = os.environ.get("TANDEM_BENCH_WORK", "/tmp/tandem-bench")
os.makedirs(work, exist_ok=True)
yaml_path = os.path.join(work, f"snapshot-{teams}.yaml")
json_path = os.path.join(work, f"snapshot-{teams}.json")
bin_dir = os.path.join(root, ".build", "release")

if not os.path.exists(yaml_path):
    with open(yaml_path, "w") as out:
        subprocess.run([os.path.join(bin_dir, "tandem-generate"), "--teams", str(teams), "--seed", "1"], stdout=out, check=True)
if not os.path.exists(json_path):
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(yaml_path) as f:
        data = yaml.load(f, Loader=loader)
    with open(json_path, "w") as f:
        json.dump(data, f, default=str)
size_mb = os.path.getsize(yaml_path) / 1e6
print(f"{teams} teams: YAML {size_mb:.1f} MB, JSON {os.path.getsize(json_path) / 1e6:.1f} MB", flush=True)

# Tandem: the whole command, reading the YAML, with only this rule. GNU time measures its peak RSS
# (a child spawned from this large Python process would otherwise inherit its high-water mark).
# Run three times and the median taken: one run of two seconds moves by a fifth with the machine's
# load, where a peer's single run of a minute or more averages it out.
rss_file = os.path.join(work, "tandem-rss.txt")
runs = []
for _ in range(3):
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, os.path.join(bin_dir, "tandem"), "check",
                          "--policy", os.path.join(here, "two-advisors.yaml"), "--format", "json", "--fail-on", "never", yaml_path],
                         capture_output=True, text=True)
    runs.append(time.perf_counter() - start)
tandem_seconds = sorted(runs)[1]
tandem_found = sorted(f["subject"]["id"] for f in json.loads(run.stdout)["findings"])
tandem_rss = int(open(rss_file).read().split()[-1]) / 1024
print(f"tandem check: {tandem_seconds:.2f} s (median of {', '.join(f'{r:.2f}' for r in runs)}), {len(tandem_found)} violations, peak RSS {tandem_rss:.0f} MB", flush=True)

with open(json_path) as f:
    document = json.load(f)


def compare(name, seconds, found):
    """Prints the peer's verdict against Tandem's as soon as the peer is done: a slow later peer
    stopped by hand no longer loses the earlier ones' comparison."""
    same = "same" if found == tandem_found else "DIFFERENT"
    print(f"tandem vs {name}: {seconds / tandem_seconds:.1f}x faster ({same} violations)", flush=True)


def run_rego():
    from regopy import Interpreter
    start = time.perf_counter()
    rego = Interpreter()
    rego.add_module("tandem", open(os.path.join(here, "two_advisors.rego")).read())
    rego.set_input_term(open(json_path).read())
    output = rego.query("data.tandem.violations")
    seconds = time.perf_counter() - start
    found = sorted(json.loads(str(output))["expressions"][0]) if output else []
    print(f"rego (regopy): {seconds:.2f} s, {len(found)} violations, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    compare("rego", seconds, found)


def run_cel():
    from cel import evaluate
    start = time.perf_counter()
    expr = "teams.filter(t, t.status == 'active' && t.members.filter(m, m.role == 'patient_advisor' && (!has(m.active) || m.active)).size() < 2).map(t, t.id)"
    found = sorted(evaluate(expr, {"teams": document["teams"]}))
    seconds = time.perf_counter() - start
    print(f"cel (common-expression-language): {seconds:.2f} s, {len(found)} violations")
    compare("cel-python", seconds, found)


for name, label, run_peer in [("rego", "rego (regopy)", run_rego), ("cel", "cel (common-expression-language)", run_cel)]:
    if name not in peers:
        continue
    try:
        run_peer()
    except Exception as error:  # the peer is optional; report why it did not run
        print(f"{label}: not run ({error})", flush=True)
