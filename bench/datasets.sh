# Sourced by the bench scripts: dataset_args NAME DATA_ROOT sets the array `args`
# to haad's options for one dataset in ../shared/data (NAME: msr or msr_action3d,
# utkinect, or a generic-layout folder name: utd_mhad, nw_ucla, kard).
dataset_args() {
  case $1 in
    msr | msr_action3d) args=(--dataset msr --path "$2/msr_action3d") ;;
    utkinect) args=(--dataset utkinect --path "$2/utkinect") ;;
    *) args=(--dataset generic --path "$2/$1") ;;
  esac
}
