package org.simgate.service;

/** The UICC application an authentication runs on. */
public enum Application {
    USIM,
    ISIM
}
