"""SI JABPRI replicated: job analysis (Anjab), workload analysis (ABK) and job maps."""
