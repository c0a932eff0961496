# verify (formal part): equivalence and property checking.
