"""The programme's rules: the session state machine, proposals, speakers, rooms and reviews."""
