"""`mailbot web`: the staff view. A separate process on the daemons' database; it reads cases and changes
them only through the staff decision path (`mailbot.views.case_command` / `case_correct`)."""
