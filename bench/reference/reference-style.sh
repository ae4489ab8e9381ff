#!/usr/bin/env bash
# bench/reference/reference-style.sh: a bid-price script that works the way the reference
# (price_script_generic.sh, akash-provider chart 19.0.2) is documented to work, written by akops for
# `npm run bench bid` only. It is NOT the reference and contains none of its text; akops never ships
# or copies that script. Its job is to be a faithful cost model of it: the same arithmetic (so that its
# bids can be checked against ../shared/fixtures/bid-oracle/) and the same process structure (a jq per
# order field and per service, awk to round GiB, a bc per product), so that it costs what the reference
# costs per bid: about 60 child processes and most of a second of CPU.
#
# Input: the provider's order JSON on stdin. Prices: PRICE_TARGET_* (the chart's variables), with the
# reference's defaults. AKT/USD: AKOPS_BENCH_AKT_USD (required: the bench uses no network and no cache;
# the reference would look the price up, for every order, also for USD-pegged ones).
# Output: the bid on stdout without a newline, exit 0; or nothing on stdout and exit 1 when the rate is
# above the order's max or the denom is not supported.
# Not modelled (the bench needs none of it): the AKT/USD fetch and its cache, WHITELIST_URL,
# DEBUG_BID_SCRIPT, the legacy order (a bare array of resources).
set -uo pipefail
export LC_ALL=C

refuse() {
  printf 'reference-style: %s\n' "$*" >&2
  exit 1
}

# --- prices (USD per unit and month), the reference's defaults -----------------------------------
p_cpu=${PRICE_TARGET_CPU:-1.60}
p_memory=${PRICE_TARGET_MEMORY:-0.80}
p_ephemeral=${PRICE_TARGET_HD_EPHEMERAL:-0.02}
p_hdd=${PRICE_TARGET_HD_PERS_HDD:-0.01}
p_ssd=${PRICE_TARGET_HD_PERS_SSD:-0.03}
p_nvme=${PRICE_TARGET_HD_PERS_NVME:-0.04}
p_endpoint=${PRICE_TARGET_ENDPOINT:-0.05}
p_ip=${PRICE_TARGET_IP:-5}
gpu_mappings=${PRICE_TARGET_GPU_MAPPINGS:-}
akt_usd=${AKOPS_BENCH_AKT_USD:-}
[[ -n $akt_usd ]] || refuse "AKOPS_BENCH_AKT_USD is not set (the bench pins AKT/USD)"
# 30.437 days of 6.117 s blocks, truncated.
blocks_per_month=429909

order=$(cat)

# ask: one jq run over the order.
ask() {
  jq -r "$1" <<<"$order"
}

# gib PROGRAM: the byte total PROGRAM computes, in GiB: jq divides by 2^30 and prints its number text,
# awk rounds that double to 12 decimals.
gib() {
  jq "($1) / pow(1024; 3)" <<<"$order" | awk '{ printf "%.12f", $0 }'
}

# mul A B: A × B in bc -l (scale 20).
mul() {
  bc -l <<<"$1 * $2"
}

# --- what the order asks for ------------------------------------------------------------------------
denom=$(ask '.price.denom')
max_amount=$(ask '.price.amount')
precision=$(ask '.price_precision // 6')

threads=$(jq '[.resources[] | .cpu * .count] | add / 1000' <<<"$order")
memory_gib=$(gib '[.resources[] | .memory * .count] | add')
# Storage by class: each volume's size times its service's count. (The ram class and SDL names such as
# default are not priced.)
class_gib() {
  gib "[.resources[] | .count as \$n | .storage[] | select(.class == \"$1\") | .size * \$n] | add // 0"
}
ephemeral_gib=$(class_gib ephemeral)
hdd_gib=$(class_gib beta1)
ssd_gib=$(class_gib beta2)
nvme_gib=$(class_gib beta3)
# jq reads `X//0 * .count` as `X // (0 * .count)`: endpoints and IPs are not multiplied by the count.
endpoints=$(jq '[.resources[] | .endpoint_quantity//0 * .count] | add' <<<"$order")
ips=$(jq '[.resources[] | .ip_lease_quantity//0 * .count] | add' <<<"$order")

# --- GPUs: one price per model key ----------------------------------------------------------------
declare -A gpu_price=()
gpu_top=100
if [[ -n $gpu_mappings ]]; then
  IFS=, read -ra pairs <<<"$gpu_mappings"
  for pair in "${pairs[@]}"; do
    key=${pair%%=*}
    value=${pair#*=}
    [[ $pair == *=* && -n $key ]] || continue
    gpu_price[$key]=$value
    # The price of a model that is not mapped: the highest mapped price, at least 100.
    if [[ -n $value && $(bc -l <<<"$value > $gpu_top") == 1 ]]; then
      gpu_top=$value
    fi
  done
fi

# gpu_lookup KEY: the mapping of KEY, else of KEY without its last .part, else of its first part.
gpu_lookup() {
  local key=$1 try
  for try in "$key" "${key%.*}" "${key%%.*}"; do
    if [[ -n $try && -n ${gpu_price[$try]:-} ]]; then
      printf '%s' "${gpu_price[$try]}"
      return
    fi
  done
  printf '%s' "$gpu_top"
}

gpu_usd=0
services=$(ask '.resources | length')
for ((i = 0; i < services; i++)); do
  units=$(ask ".resources[$i].gpu.units // 0")
  ((units > 0)) || continue
  count=$(ask ".resources[$i].count")
  vendor=".resources[$i].gpu.attributes.vendor"
  model=$(ask "$vendor | (.nvidia // .amd).model // \"0\"")
  ram=$(ask "$vendor.nvidia.ram // \"0\"")
  interface=$(ask "$vendor.nvidia.interface // \"0\"")
  key=$model
  [[ $ram == 0 ]] || key+=".$ram"
  [[ $interface == 0 ]] || key+=".$interface"
  line=$(mul "$(mul "$count" "$units")" "$(gpu_lookup "$key")")
  gpu_usd=$(bc -l <<<"$gpu_usd + $line")
done

# --- USD per month, then per block -----------------------------------------------------------------
cost_cpu=$(mul "$threads" "$p_cpu")
cost_memory=$(mul "$memory_gib" "$p_memory")
cost_ephemeral=$(mul "$ephemeral_gib" "$p_ephemeral")
cost_hdd=$(mul "$hdd_gib" "$p_hdd")
cost_ssd=$(mul "$ssd_gib" "$p_ssd")
cost_nvme=$(mul "$nvme_gib" "$p_nvme")
cost_endpoints=$(mul "$endpoints" "$p_endpoint")
cost_ips=$(mul "$ips" "$p_ip")
usd=$(bc -l <<<"$cost_cpu + $cost_memory + $cost_ephemeral + $cost_hdd + $cost_ssd + $cost_nvme + $cost_endpoints + $cost_ips + $gpu_usd")

# above MAX: bc's answer to "is the rate above the order's max amount".
above() {
  [[ $(bc -l <<<"$1 > $2") == 1 ]]
}

case $denom in
  uakt)
    # bc left to right at scale 20: / AKT/USD, × 10^6, / blocks. bash's printf rounds (long double).
    rate=$(bc -l <<<"$usd / $akt_usd * 1000000 / $blocks_per_month")
    if above "$rate" "$max_amount"; then
      refuse "requested rate is too low: min expected $(printf '%.*f' "$precision" "$rate")$denom"
    fi
    rate=$(printf '%.*f' "$precision" "$rate")
    printf '%.*f' "$precision" "$rate"
    ;;
  uact | ibc/12C6A0C374171B595A0A9E18B83FA09D295FB1F2D8C6DAA3AC28683471752D84 | ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1)
    # Pegged to 1 USD: micro units per block, rounded by awk (a double), then printed by bash.
    rate=$(bc -l <<<"$usd / $blocks_per_month * 1000000")
    rate=$(awk -v p="$precision" -v x="$rate" 'BEGIN { printf "%.*f", p, x }')
    if above "$rate" "$max_amount"; then
      refuse "requested rate is too low: min expected $rate$denom"
    fi
    printf '%.*f' "$precision" "$rate"
    ;;
  *)
    refuse "denom is not supported: $denom"
    ;;
esac
