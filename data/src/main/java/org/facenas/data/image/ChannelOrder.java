package org.facenas.data.image;

/** Channel order of the tensor fed to a network (the pixel data itself is always RGB). */
public enum ChannelOrder {
    RGB, BGR
}
