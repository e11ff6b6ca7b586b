"""`mailbot web`: the staff view. A separate process on the daemons' database; it reads cases and changes
them only through the staff decision service (`mailbot.cases`)."""
