package org.facenas.data.cfp;

/**
 * One protocol pair.
 *
 * @param fold   0-based fold (the protocol's split folder 01 is fold 0)
 * @param same   from same.txt (true) or diff.txt (false)
 */
public record CfpPair(CfpImage first, CfpImage second, boolean same, int fold) {
}
