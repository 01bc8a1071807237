"""Permission names of the positions module (SI JABPRI) and the bundle of each role."""

VIEW_POSITIONS = "positions.view_positions"  # the tree, the register, Anjab and ABK, job maps
DRAFT_ANJAB = "positions.draft_anjab"  # edit an Anjab, its tasks, submit it for verification
MANAGE_STRUCTURE = "positions.manage_structure"  # OPDs, SOTK versions, units, positions
VERIFY_ANJAB = "positions.verify_anjab"  # verify or return an Anjab, approve its version
PUBLISH_LIBRARY = "positions.publish_library"  # publish approved positions to the province
USE_LIBRARY = "positions.use_library"  # search the province library and copy from it
VIEW_DASHBOARD = "positions.view_dashboard"  # aggregates: EJ, progress, shortfall/surplus
EXPORT_FORMATION = "positions.export_formation"  # e-Formasi / SIASN files

DRAFTER = {VIEW_POSITIONS, DRAFT_ANJAB, MANAGE_STRUCTURE, USE_LIBRARY}
VERIFIER = DRAFTER | {VERIFY_ANJAB, PUBLISH_LIBRARY, VIEW_DASHBOARD, EXPORT_FORMATION}
PLANNER = {VIEW_POSITIONS, USE_LIBRARY, VIEW_DASHBOARD, EXPORT_FORMATION}
