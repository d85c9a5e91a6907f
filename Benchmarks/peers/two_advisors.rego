package tandem

import rego.v1

# The same rule in Rego: active teams with fewer than two active patient advisors.
violations contains team.id if {
	some team in input.teams
	team.status == "active"
	advisors := [m | some m in team.members; m.role == "patient_advisor"; object.get(m, "active", true)]
	count(advisors) < 2
}
